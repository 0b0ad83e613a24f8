// libFuzzer entry point for every fuzz target of the project; `FUZZ_TARGET` chooses one:
//
//     FUZZ_TARGET=layout .build-fuzz/debug/reader-fuzz Fuzz/corpus/layout -max_total_time=60
//
// One executable instead of one per target: Library is instrumented and linked once (`.ci/fuzz`).
// Only a declaration here: with `-sanitize=fuzzer` libFuzzer's `main` runs, not this file's
// top-level code (so the chosen target is a lazy global in `FuzzTargets.swift`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt {
    runSelectedTarget(UnsafeBufferPointer(start: d, count: n))
    return 0
}
