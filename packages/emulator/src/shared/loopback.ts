/** Whether a host name or address is this machine's loopback (`localhost`, 127.0.0.0/8, `::1`). */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

/** Whether a Host header (`name:port`) names a loopback host. */
export function isLoopbackHostHeader(header: string): boolean {
  try {
    return isLoopback(new URL(`http://${header}`).hostname);
  } catch {
    return false;
  }
}
