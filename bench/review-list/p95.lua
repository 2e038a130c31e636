-- Prints the latency percentiles wrk's --latency table leaves out (p95), in milliseconds.
done = function(summary, latency, requests)
  io.write(string.format("P95_MS %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("P99_MS %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("NON2XX %d\n", summary.errors.status))
end
