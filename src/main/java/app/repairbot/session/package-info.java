/**
 * What the bot remembers about a chat, and where it is kept: a {@code Session} with its running
 * {@code FlowRun}, its outbox and its {@code Care}, each keeping its own rules and recording its
 * own changes; the {@code Couple}s; and the interfaces a store implements ({@code SessionStore},
 * {@code CoupleDirectory}, {@code OutboxClaims}), which see a session only as a {@code SessionSnapshot}.
 * It knows flows and chats, and nothing of the engine that runs it; the engine calls its changing
 * methods from its own package, which is why they are public.
 */
package app.repairbot.session;
