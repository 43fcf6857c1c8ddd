// Health checks declared by tools or by the system, run during the settle period after a change.
export interface HealthCheck {
  name: string;
  /** true when healthy; a string says what is wrong. */
  check(): Promise<true | string>;
}
