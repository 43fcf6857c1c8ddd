// Entry of the model runtime as the image runs it: `BUN_BE_BUN=1 /usr/bin/aios /usr/lib/aios/model-runtime.js`
// (this file, bundled by build/steps/models.ts). node-llama-cpp cannot live inside the compiled binary,
// so the binary runs this bundle as plain bun and the bundle finds /usr/lib/aios/node_modules beside it.
// BUN_BE_BUN goes first: nothing this process starts may inherit it.
delete process.env.BUN_BE_BUN;
const { main } = await import("./main.ts");
await main(process.argv.slice(2));
export {};
