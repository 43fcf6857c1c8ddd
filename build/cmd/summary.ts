export {};
// Prints vitest's JSON results as one plain line, "N passed, N failed, N skipped", so any reader of
// the test output (CI included) sees the totals last.
const file = process.argv[2] ?? "out/test-results.json";
const r = (await Bun.file(file).json()) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
