package app.repairbot.engine;

/**
 * A class of the engine's package that breaks its rule the way an import-line scan cannot see: it
 * names a store class in full, with no import. {@code ArchitectureTests} checks that the rule
 * fails on it; it lives among the tests, so the application never contains it.
 */
public final class ArchitectureFixture {
    private ArchitectureFixture() {
    }

    static Class<?> leak() {
        return app.repairbot.store.crypto.TextCipher.class;
    }
}
