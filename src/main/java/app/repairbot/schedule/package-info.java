/**
 * Scheduled prompts: a couple's weekly check-in and daily appreciation, in their time zone,
 * stored with their next fire time and claimed atomically so each fires once across instances.
 */
package app.repairbot.schedule;
