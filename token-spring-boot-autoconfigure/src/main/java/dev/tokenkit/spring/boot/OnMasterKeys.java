package dev.tokenkit.spring.boot;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when at least one {@code tokenkit.master-keys.<version>} is set. */
final class OnMasterKeys extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    BindResult<Map<Integer, String>> keys =
        Binder.get(context.getEnvironment())
            .bind("tokenkit.master-keys", Bindable.mapOf(Integer.class, String.class));
    return keys.isBound() && !keys.get().isEmpty()
        ? ConditionOutcome.match("tokenkit.master-keys is set")
        : ConditionOutcome.noMatch("tokenkit.master-keys is not set");
  }
}
