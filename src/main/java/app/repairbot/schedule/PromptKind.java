package app.repairbot.schedule;

import app.repairbot.flow.FlowId;

/** The two prompts a couple can schedule, and the flow each starts. */
public enum PromptKind {
    WEEKLY("weekly", new FlowId("weekly-checkin"), "Weekly check-in"),
    DAILY("daily", new FlowId("daily-appreciation"), "Daily appreciation");

    private final String key;
    private final FlowId flow;
    private final String title;

    PromptKind(String key, FlowId flow, String title) {
        this.key = key;
        this.flow = flow;
        this.title = title;
    }

    public String key() {
        return key;
    }

    public FlowId flow() {
        return flow;
    }

    public String title() {
        return title;
    }

    /** The kind stored under {@code key} ("weekly", "daily"). */
    public static PromptKind of(String key) {
        for (PromptKind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown prompt kind '" + key + "'");
    }
}
