package app.repairbot.schedule;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import app.repairbot.engine.Engine;
import app.repairbot.engine.OutboxSender;
import app.repairbot.session.CoupleDirectory;

@Configuration(proxyBeanMethods = false)
class ScheduleConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ScheduleConfiguration.class);

    @Bean
    ScheduleCommands scheduleCommands(Schedules schedules, CoupleDirectory couples) {
        return new ScheduleCommands(schedules, couples);
    }

    @Bean
    Scheduler scheduler(Schedules schedules, Engine engine, ObjectProvider<OutboxSender> sender, Clock clock) {
        return new Scheduler(schedules, engine, queued -> sender.ifAvailable(s -> s.sendQueued(queued)), clock);
    }

    /** Its own thread, so that a large round of prompts never holds up reminders and pause ends. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService schedulePoller() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "schedule-poller");
            t.setDaemon(true);
            return t;
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void startPolling(ApplicationReadyEvent ready) {
        Scheduler scheduler = ready.getApplicationContext().getBean(Scheduler.class);
        ready.getApplicationContext().getBean("schedulePoller", ScheduledExecutorService.class).scheduleWithFixedDelay(() -> {
            try {
                scheduler.tick();
            } catch (RuntimeException e) {
                log.warn("Firing scheduled prompts failed; trying again shortly: {}", e.toString());
            }
        }, 5, 5, TimeUnit.SECONDS);
    }
}
