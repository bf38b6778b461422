/**
 * The @opentelemetry/sdk-trace 3.x line, from its own install (test/sdk3/node_modules): it needs
 * @opentelemetry/api 1.10 while the 1.x/2.x lines accept only < 1.10, so one tree cannot hold
 * both without overriding peer dependencies. Test files import the 3.x line from here.
 */
export * from 'sdk-trace-3';
