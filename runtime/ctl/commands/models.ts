// aiosctl verbs for the models area; registered in ../aiosctl.ts.
import type { CommandDef } from "citty";

export const modelsCommands: Record<string, CommandDef<any>> = {};
