package app.repairbot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import app.repairbot.cli.Cli;

/**
 * One jar: {@code validate}, {@code test} and {@code graph} run as a command line tool (no
 * database, no network); anything else, or nothing, starts the service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RepairbotApplication {

    public static void main(String[] args) {
        if (Cli.handles(args)) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        SpringApplication.run(RepairbotApplication.class, Cli.serviceArgs(args));
    }
}
