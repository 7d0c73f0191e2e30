package app.repairbot.session;

import java.time.Instant;
import java.util.Map;

import app.repairbot.chat.Person;
import app.repairbot.flow.FlowId;

/**
 * A flow that an ended run scheduled ({@code follow_up}), waiting in the chat's session for its
 * time: stored as data, so it survives restarts and fires once. {@code before} is what the
 * scheduling run saved, read by the follow-up as {@code before.*}; {@code starter} stays the starter.
 */
public record PendingFollowUp(int id, FlowId flow, Instant due, Person starter, FlowId scheduledBy,
                              Map<String, Answer> before) {
    public PendingFollowUp {
        before = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(before));
    }

    public PendingFollowUp postponedTo(Instant at) {
        return new PendingFollowUp(id, flow, at, starter, scheduledBy, before);
    }
}
