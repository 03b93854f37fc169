// The package version, for the User-Agent. The build (scripts/bundle-dist.mjs) and the test config
// replace the identifier with package.json's version; anything else that runs the sources says `dev`.
declare const __PACKAGE_VERSION__: string | undefined;

export const VERSION: string =
  typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : 'dev';
