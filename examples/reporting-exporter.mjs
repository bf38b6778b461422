// A SpanExporter wrapper for the examples: remembers whether any export failed, so the
// example can say so (and exit 1) instead of claiming success.
export function reportingExporter(inner) {
  let sent = 0;
  let error;
  return {
    export(spans, done) {
      inner.export(spans, (result) => {
        if (result.code === 0) sent += spans.length;
        else error ??= result.error ?? new Error('export failed');
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
    /** Prints the outcome; sets exit code 1 when nothing could be exported. */
    report(lookFor) {
      if (error !== undefined || sent === 0) {
        const endpoint =
          process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT || 'http://localhost:4318';
        console.error(
          `export failed (${error?.message ?? 'nothing was sent'}): is an OTLP/HTTP collector or backend listening at ${endpoint}?`,
        );
        process.exitCode = 1;
        return;
      }
      console.log(`exported ${sent} span(s) with one failed agent run; look for ${lookFor} in your backend`);
    },
  };
}
