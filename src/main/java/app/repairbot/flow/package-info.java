/**
 * The conversation-flow language: the model of a flow (records), loading it from YAML with
 * line and column for every error, validation, and a Mermaid drawing of a flow.
 * Depends on nothing else of ours.
 */
package app.repairbot.flow;
