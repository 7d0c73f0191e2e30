package app.repairbot.safety;

import java.util.Optional;

import app.repairbot.engine.Safety.Concern;

/** One layer of the safety screen: what a text discloses, if anything, by this layer's lights. */
public interface Screen {
    Optional<Concern> screen(String text);

    /** Read more closely, after a recent disclosure by the same person ({@link app.repairbot.engine.Safety#screenClosely}). */
    default Optional<Concern> screenClosely(String text) {
        return screen(text);
    }
}
