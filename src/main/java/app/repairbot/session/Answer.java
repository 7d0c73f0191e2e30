package app.repairbot.session;

import app.repairbot.flow.Role;

/** A saved answer: what was said, and by whom. */
public record Answer(Role by, String byName, String value) {
}
