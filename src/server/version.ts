// Versions reported to clients: the Redis level Kunyu is compatible with, and its own.
export const REDIS_VERSION = '7.0.15';
// eslint-disable-next-line @typescript-eslint/no-var-requires
export const KUNYU_VERSION: string = (require('../../../package.json') as { version: string }).version;
