// aiosctl verbs for the policy area; registered in ../aiosctl.ts.
import type { CommandDef } from "citty";

export const policyCommands: Record<string, CommandDef<any>> = {};
