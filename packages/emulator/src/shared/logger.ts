/** Receives one line per connection and REST call. Lines never contain tokens or keys. */
export type Logger = (line: string) => void;

export const quiet: Logger = () => {};
