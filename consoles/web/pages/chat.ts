// Chat with the front agent: answers stream in as they come (SSE from POST /api/chat); approvals show
// inline beside their effects; each answer says which tier understood it. Drawn by client/chat.ts.
export const chatBody = () => `<section class="card chat"><ol id="conversation" class="conversation" aria-live="polite" aria-label="Conversation"></ol>
<form id="chat-form" class="row"><label class="grow"><span class="sr">Message</span><input id="chat-text" name="text" autocomplete="off" placeholder="Ask, e.g. why is the disk full?" required></label>
<button type="submit">Send</button></form></section>`;
