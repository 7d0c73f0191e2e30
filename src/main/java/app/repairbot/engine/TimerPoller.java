package app.repairbot.engine;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import app.repairbot.session.Outgoing;

/**
 * Fires due timers every second (timers are data in the sessions; no in-memory timer is
 * trusted), sends what they queue, and at start sends replies a crash left in outboxes. Several
 * instances may poll one database: each timer's save is optimistic, so it fires once.
 */
final class TimerPoller {
    private static final Logger log = LoggerFactory.getLogger(TimerPoller.class);

    private final Engine engine;
    private final ObjectProvider<OutboxSender> sender;

    TimerPoller(Engine engine, ObjectProvider<OutboxSender> sender) {
        this.engine = engine;
        this.sender = sender;
    }

    @EventListener(ApplicationReadyEvent.class)
    void sendWhatWasLeft() {
        sender.ifAvailable(s -> {
            int n = s.sendAllPending();
            if (n > 0) {
                log.info("Sent {} replies left queued by an earlier run", n);
            }
        });
    }

    /**
     * Now and then, sends what is still queued: replies whose sending failed, or whose update was
     * saved just before a store timeout (the engine then saw it as already applied, and returned nothing).
     */
    @Scheduled(fixedDelay = 10_000, initialDelay = 10_000)
    void sendLeftovers() {
        try {
            sender.ifAvailable(OutboxSender::sendAllPending);
        } catch (RuntimeException e) {
            log.warn("Sending queued replies failed; trying again later: {}", e.toString());
        }
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void fireDue() {
        try {
            List<Outgoing> queued = engine.tick();
            sender.ifAvailable(s -> s.sendQueued(queued));
        } catch (RuntimeException e) {
            log.warn("Firing due timers failed; trying again in a second: {}", e.toString());
        }
    }
}
