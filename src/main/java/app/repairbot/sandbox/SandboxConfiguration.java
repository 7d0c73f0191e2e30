package app.repairbot.sandbox;

import java.net.InetAddress;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@ConditionalOnSandbox
class SandboxConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean
    SandboxWorld sandboxWorld(Clock clock, SandboxSettings settings) {
        return new SandboxWorld(clock, settings.openWorld());
    }

    /** The page's token for this start: the page gets it when served, and its calls send it back. */
    @Bean
    SandboxPage.Token sandboxToken() {
        return new SandboxPage.Token(SandboxGuard.newToken());
    }

    @Bean
    FilterRegistrationBean<SandboxGuard> sandboxGuard(SandboxPage.Token token, SandboxSettings settings) {
        FilterRegistrationBean<SandboxGuard> guard = new FilterRegistrationBean<>(new SandboxGuard(token.value(),
                settings.origins()));
        guard.addUrlPatterns("/*");
        guard.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return guard;
    }

    /**
     * The sandbox has no login: unless SERVER_ADDRESS says otherwise, it listens on this machine's
     * loopback only. SERVER_ADDRESS is Boot's own setting ({@link ServerProperties}), there once a
     * web server is being made, which is when this runs.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableWebServerFactory> sandboxOnLoopback(ObjectProvider<ServerProperties> server) {
        return factory -> {
            InetAddress address = server.getObject().getAddress();
            if (address == null) {
                factory.setAddress(InetAddress.getLoopbackAddress());
                log.info("Sandbox mode listens on 127.0.0.1 only: it has no login. To reach it from another machine, set "
                        + "SERVER_ADDRESS=0.0.0.0 and REPAIRBOT_SANDBOX_ORIGINS=http://<this machine>:<port>, on a network you trust");
            } else {
                log.warn("Sandbox mode listens on {} (SERVER_ADDRESS): anyone who can reach it can play both partners",
                        address.getHostAddress());
            }
        };
    }
}
