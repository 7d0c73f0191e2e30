/**
 * The only home of Spring Statemachine types. The upstream project is archived; keeping it
 * here makes replacing it a one-package job.
 */
package app.repairbot.engine.internal;
