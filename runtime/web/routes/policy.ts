// Web console routes for the policy area, mounted behind the console's auth by ../app.ts.
import type { Hono } from "hono";

export function mountPolicy(_app: Hono): void {}
