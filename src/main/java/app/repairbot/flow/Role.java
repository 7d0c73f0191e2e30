package app.repairbot.flow;

/** The two people of a flow: who started it, and the other partner. */
public enum Role {
    STARTER, PARTNER;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public Role other() {
        return this == STARTER ? PARTNER : STARTER;
    }
}
