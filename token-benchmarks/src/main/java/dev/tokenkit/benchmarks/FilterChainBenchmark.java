package dev.tokenkit.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtIssuer;
import dev.tokenkit.store.spi.TokenKind;
import jakarta.servlet.Filter;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.GenericWebApplicationContext;

/**
 * One GET through Spring's servlet stack (MockMvc: the security filter chains, the dispatcher and
 * the controller, no socket), authenticated four ways on the same endpoint of {@link
 * ChainApplication}: not at all ({@code permitAll}), with a tokenkit API token and with a server
 * token's long-term JWT (the starter's beans), and with an HS512 JWT through Spring Security's
 * {@code oauth2ResourceServer().jwt()}. Every request answers 200; {@link #setUp} checks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class FilterChainBenchmark {

  ConfigurableApplicationContext context;
  MockMvc mvc;
  String apiToken;
  String serverJwt;
  String springJwt;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] masterKey = new byte[32];
    context =
        new SpringApplicationBuilder(ChainApplication.class)
            .web(WebApplicationType.SERVLET)
            // As @SpringBootTest's mock environment: a web context without a server.
            .contextFactory(
                ApplicationContextFactory.of(
                    () -> new GenericWebApplicationContext(new MockServletContext())))
            .properties(
                "spring.main.banner-mode=off",
                "logging.level.root=WARN",
                "tokenkit.peppers.1=" + Base64.getEncoder().encodeToString(Fixture.PEPPER),
                "tokenkit.master-keys.1=" + Base64.getEncoder().encodeToString(masterKey))
            .run();
    Filter security = context.getBean("springSecurityFilterChain", Filter.class);
    mvc =
        MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
            .addFilters(security)
            .build();
    TokenService tokens = context.getBean(TokenService.class);
    apiToken = tokens.create(Fixture.ADMIN, CreateTokenRequest.named("api").build()).token();
    IssuedToken server =
        tokens.create(
            Fixture.ADMIN, CreateTokenRequest.named("server").kind(TokenKind.SERVER).build());
    serverJwt = context.getBean(JwtIssuer.class).issue(server.record(), server.secret());
    springJwt = springJwt();
    for (String path : new String[] {"/open/hello", "/api/hello", "/oauth/hello"}) {
      if (status(path, null) != (path.startsWith("/open") ? 200 : 401)) {
        throw new IllegalStateException(path + " is not guarded as expected");
      }
    }
    if (status("/api/hello", apiToken) != 200
        || status("/api/hello", serverJwt) != 200
        || status("/oauth/hello", springJwt) != 200
        || status("/oauth/hello", apiToken) != 401) {
      throw new IllegalStateException("a credential is not accepted as expected");
    }
  }

  private static String springJwt() throws JOSEException {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS512),
            new JWTClaimsSet.Builder()
                .subject("admin")
                .issuer("https://example.com/")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofDays(1))))
                .build());
    jwt.sign(new MACSigner(ChainApplication.RESOURCE_SERVER_KEY));
    return jwt.serialize();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.close();
  }

  int status(String path, @org.jspecify.annotations.Nullable String bearer) throws Exception {
    var request = MockMvcRequestBuilders.get(path);
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return mvc.perform(request).andReturn().getResponse().getStatus();
  }

  @Benchmark
  public int permitAll() throws Exception {
    return status("/open/hello", null);
  }

  @Benchmark
  public int tokenkitApiToken() throws Exception {
    return status("/api/hello", apiToken);
  }

  @Benchmark
  public int tokenkitServerJwt() throws Exception {
    return status("/api/hello", serverJwt);
  }

  @Benchmark
  public int springResourceServerJwt() throws Exception {
    return status("/oauth/hello", springJwt);
  }
}
