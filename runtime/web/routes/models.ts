// Web console routes for the models area, mounted behind the console's auth by ../app.ts.
import type { Hono } from "hono";

export function mountModels(_app: Hono): void {}
