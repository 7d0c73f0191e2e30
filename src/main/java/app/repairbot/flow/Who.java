package app.repairbot.flow;

/** Whom an ask waits for. */
public enum Who {
    STARTER, PARTNER, BOTH, EITHER;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
