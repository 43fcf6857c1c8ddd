import { describe, expect, it } from "vitest";
import { route } from "./index.ts";

describe("clarification round trips", () => {
  it("asks for a missing port, and a bare number completes the request", () => {
    const ask = route("open a port");
    expect(ask).toMatchObject({ intent: "firewall.open_port", missing: ["port"], clarify: "Which port should I open (for example 8080/tcp)?" });
    expect(route("8080", { pending: ask })).toMatchObject({ intent: "firewall.open_port", slots: { port: 8080, proto: "tcp" }, missing: [] });
    expect(route("9000/udp", { pending: ask }).slots).toMatchObject({ port: 9000, proto: "udp" });
  });
  it("asks which service, and a service alias completes it", () => {
    const ask = route("restart it");
    expect(ask).toMatchObject({ intent: "service.restart", missing: ["service"] });
    expect(ask.clarify).toMatch(/which service/i);
    expect(route("the web console", { pending: ask })).toMatchObject({ intent: "service.restart", slots: { service: "web" }, missing: [] });
    expect(route("the firewall", { pending: ask })).toMatchObject({ intent: "service.restart", slots: { service: "firewall" }, missing: [] });
  });
  it("fills names: packages, users, keys, autonomy", () => {
    expect(route("htop", { pending: route("install a package") })).toMatchObject({ intent: "packages.install", slots: { package: "htop" }, missing: [] });
    expect(route("alice", { pending: route("add a user") })).toMatchObject({ intent: "users.add", slots: { user: "alice" }, missing: [] });
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx2b3ZlbHlrZXk me@laptop";
    expect(route(key, { pending: route("add an ssh key") })).toMatchObject({ intent: "keys.add", slots: { key }, missing: [] });
    expect(route("off", { pending: route("change the autonomy level") })).toMatchObject({ intent: "autonomy.set", slots: { autonomy: "off" } });
  });
  it("keeps what the first turn said", () => {
    const ask = route("open a port for my web app");
    expect(ask).toMatchObject({ missing: ["port"], slots: { purpose: "web app" } });
    expect(route("8080", { pending: ask }).slots).toMatchObject({ port: 8080, purpose: "web app" });
  });
  it("routes a plainly new request afresh", () => {
    const ask = route("open a port");
    expect(route("what's using the cpu right now", { pending: ask }).intent).toBe("processes.top");
    expect(route("install htop please", { pending: ask })).toMatchObject({ intent: "packages.install", slots: { package: "htop" } });
  });
  it("a reply that fills nothing and means nothing is unknown", () => {
    expect(route("write me a poem about cats", { pending: route("restart it") }).intent).toBe("unknown");
  });
});
