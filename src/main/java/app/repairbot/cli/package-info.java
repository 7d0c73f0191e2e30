/**
 * The command line: {@code validate [DIR]}, {@code test [DIR]}, {@code graph FLOW_ID [DIR]}.
 * Runs without Spring, a database or the network, so flow authors get answers in a second.
 */
package app.repairbot.cli;
