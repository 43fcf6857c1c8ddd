// The audit recorder service: follows init's event stream and appends every service state change to
// the hash-chained audit log.

export async function runAuditRecorder(): Promise<void> {
  throw new Error("the audit recorder is not built yet");
}
