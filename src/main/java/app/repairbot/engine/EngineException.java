package app.repairbot.engine;

/** Something went wrong inside the engine; the message names the chat, flow and step. */
public final class EngineException extends RuntimeException {
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
