// Agents & incidents: each agent's state and its recent decisions with their tier; an incident
// timeline (evidence, decisions, actions, verification) and its provenance. Drawn by client/agents.ts.
export const agentsBody = () => `<section class="card" aria-labelledby="h-agents"><h2 id="h-agents">Agents</h2><div id="agents" class="grid">loading…</div></section>
<div class="columns"><section class="card" aria-labelledby="h-incidents"><h2 id="h-incidents">Incidents</h2>
<label class="check"><input id="open-only" type="checkbox"> Open only</label><ul id="incident-list" class="list"><li>loading…</li></ul></section>
<section class="card" aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline</h2><div id="timeline"><p>Choose an incident.</p></div></section></div>`;
