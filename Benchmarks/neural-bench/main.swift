import Neural
print("neural-bench: no benchmarks yet")
