import packageJson from '../package.json' with { type: 'json' };

export const FILMROOM_VERSION: string = packageJson.version;
