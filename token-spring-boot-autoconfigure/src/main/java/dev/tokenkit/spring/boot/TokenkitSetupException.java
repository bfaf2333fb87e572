package dev.tokenkit.spring.boot;

/**
 * Startup cannot go on: something tokenkit needs is missing or unusable. Carries what is wrong and
 * what to do, which {@link TokenkitFailureAnalyzer} prints in place of a stack trace.
 */
final class TokenkitSetupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String action;

  TokenkitSetupException(String description, String action) {
    super(description);
    this.action = action;
  }

  TokenkitSetupException(String description, String action, Throwable cause) {
    super(description, cause);
    this.action = action;
  }

  String action() {
    return action;
  }

  static TokenkitSetupException missingPepper() {
    return new TokenkitSetupException(
        "tokenkit has no pepper: tokenkit.peppers is empty, so token secrets cannot be hashed.",
        "Set a pepper of at least 32 random bytes in base64 from your environment or secret store,"
            + " never the database, for example:\n\n"
            + "    export TOKENKIT_PEPPERS_1=\"$(openssl rand -base64 32)\"\n\n"
            + "or tokenkit.peppers.1=<base64> in a configuration file kept out of version control."
            + " Keep it: tokens hashed under a lost pepper can never be verified again.");
  }

  static TokenkitSetupException missingOwnerDirectory() {
    return new TokenkitSetupException(
        "tokenkit needs to know your users: no bean of type dev.tokenkit.core.OwnerDirectory was"
            + " found. Every token is bounded by its owner's current permissions, asked of the"
            + " directory on every request.",
        """
        Define a bean that answers for your users, for example:

            @Bean
            OwnerDirectory owners(UserRepository users) {
              return id -> users.findById(id).map(u -> Owner.of(u.id(), u.active(), u.permissions()));
            }""");
  }
}
