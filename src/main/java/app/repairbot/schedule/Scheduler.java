package app.repairbot.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.repairbot.engine.Engine;
import app.repairbot.session.Outgoing;

/**
 * Fires scheduled prompts. Each round reads what is due, claims it by slot (the minute it is due
 * in and a shard of the groups; one instance holds a slot at a time, under a lease), then starts
 * the claimed flows and moves each prompt to its next time in one conditional update. A prompt
 * late by less than {@link #LATE_LIMIT} (after downtime) fires once; an older one skips to its
 * next time. One due while another flow runs tries again every {@link #BUSY_RETRY} until the
 * end of its local day. If an instance dies mid-slot, its lease runs out after {@link #LEASE}
 * and another finishes the slot; the engine starts each occurrence at most once.
 */
public final class Scheduler {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    static final Duration LATE_LIMIT = Duration.ofHours(6);
    static final Duration LEASE = Duration.ofMinutes(10);
    static final Duration BUSY_RETRY = Duration.ofMinutes(1);
    /** Prompts claimed in one round at most; the rest wait for the next round, seconds later. */
    static final int MOST_A_ROUND = 200_000;
    private static final int SETTLE_BATCH = 200;

    private final Schedules schedules;
    private final Engine engine;
    private final Consumer<List<Outgoing>> send;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong rounds = new AtomicLong();

    /** What one round did, and how long claiming and firing took. */
    public record Round(int claimed, int started, int waiting, int skipped, int held, Duration claiming, Duration firing) {
    }

    public Scheduler(Schedules schedules, Engine engine, Consumer<List<Outgoing>> send, Clock clock) {
        this.schedules = schedules;
        this.engine = engine;
        this.send = send;
        this.clock = clock;
    }

    /** Claims every due prompt, then fires what it claimed. */
    public Round tick() {
        long t0 = System.nanoTime();
        Claim claim = claimAll();
        Duration claiming = Duration.ofNanos(System.nanoTime() - t0);
        try {
            Round fired = fire(claim.prompts());
            return new Round(fired.claimed(), fired.started(), fired.waiting(), fired.skipped(), fired.held(), claiming,
                    fired.firing());
        } finally {
            claim.slots().forEach(slot -> schedules.releaseSlot(slot, claim.owner()));
        }
    }

    /** The prompts of the slots one round won. */
    record Claim(String owner, List<String> slots, List<Prompt> prompts) {
    }

    /** Reads what is due (one query), and claims its slots. */
    Claim claimAll() {
        Instant now = clock.instant();
        String owner = instance + ":" + rounds.incrementAndGet();
        Map<String, List<Prompt>> bySlot = new LinkedHashMap<>();
        for (Prompt p : schedules.due(now, MOST_A_ROUND)) {
            bySlot.computeIfAbsent(p.slot(), s -> new ArrayList<>()).add(p);
        }
        List<String> won = new ArrayList<>();
        List<Prompt> claimed = new ArrayList<>();
        for (Map.Entry<String, List<Prompt>> slot : bySlot.entrySet()) {
            if (schedules.claimSlot(slot.getKey(), owner, now, now.plus(LEASE))) {
                won.add(slot.getKey());
                claimed.addAll(slot.getValue());
            }
        }
        return new Claim(owner, won, claimed);
    }

    Round fire(List<Prompt> claimed) {
        long t0 = System.nanoTime();
        int started = 0;
        int waiting = 0;
        int skipped = 0;
        int held = 0;
        List<Schedules.Settled> settled = new ArrayList<>();
        for (Prompt p : claimed) {
            Instant now = clock.instant();
            Prompt next;
            if (!p.waiting() && Duration.between(p.occurrence(), now).compareTo(LATE_LIMIT) > 0) {
                Instant at = p.recurrence().next(now, p.zone());
                next = p.settled(at, at);
                skipped++;
            } else {
                Engine.ScheduledStart start = engine.startScheduled(p.chat(), p.kind().flow(), p.updateId());
                switch (start.outcome()) {
                    case STARTED -> {
                        send.accept(start.queued());
                        next = following(p, now);
                        started++;
                    }
                    case BUSY -> {
                        Instant again = now.plus(BUSY_RETRY);
                        if (again.isBefore(Recurrence.endOfDay(p.occurrence(), p.zone()))) {
                            next = p.settled(p.occurrence(), again);
                            waiting++;
                        } else {
                            next = following(p, now);
                            skipped++;
                        }
                    }
                    case HELD -> {
                        next = following(p, now);
                        held++;
                    }
                    default -> {
                        schedules.remove(p.chat(), p.kind());
                        continue;
                    }
                }
            }
            settled.add(new Schedules.Settled(p, next));
            if (settled.size() >= SETTLE_BATCH) {
                schedules.settle(settled);
                settled.clear();
            }
        }
        schedules.settle(settled);
        Round round = new Round(claimed.size(), started, waiting, skipped, held, Duration.ZERO,
                Duration.ofNanos(System.nanoTime() - t0));
        count("started", started);
        count("waiting", waiting);
        count("skipped", skipped);
        count("held", held);
        if (!claimed.isEmpty()) {
            log.debug("Scheduled prompts: {}", round);
        }
        return round;
    }

    private static void count(String outcome, int n) {
        if (n > 0) {
            io.micrometer.core.instrument.Metrics.counter("repairbot.schedule.prompts", "outcome", outcome).increment(n);
        }
    }

    private static Prompt following(Prompt p, Instant now) {
        Instant at = p.recurrence().next(p.occurrence(), p.zone());
        if (!at.isAfter(now)) {
            at = p.recurrence().next(now, p.zone());
        }
        return p.settled(at, at);
    }
}
