-- bench/signing: /healthz at saturation, as the other benches measure it (no per-response script).
done = function(summary, latency, requests)
  io.write(string.format("P95_MS %.2f\n", latency:percentile(95) / 1000))
end
