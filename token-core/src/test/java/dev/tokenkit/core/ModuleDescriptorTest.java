package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenStore;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each module exports its API package only; implementation packages stay hidden, or are exported to
 * tokenkit's own modules alone.
 */
class ModuleDescriptorTest {

  private static final String INTERNAL = "dev.tokenkit.core.internal";

  @Test
  void coreExportsOnlyItsApi() throws Exception {
    ModuleDescriptor core = descriptorOf(TokenService.class);
    assertThat(core.name()).isEqualTo("dev.tokenkit.core");
    assertThat(exports(core)).containsExactlyInAnyOrder("dev.tokenkit.core", INTERNAL);
    // The implementation lives package-private beside its API; the one helper other tokenkit
    // modules share is exported to them alone, never to users.
    assertThat(core.exports())
        .filteredOn(e -> !e.isQualified())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.tokenkit.core");
    assertThat(core.exports())
        .filteredOn(e -> e.source().equals(INTERNAL))
        .singleElement()
        .satisfies(e -> assertThat(e.targets()).containsExactly("dev.tokenkit.jwt"));
    assertThat(core.packages()).containsExactlyInAnyOrder("dev.tokenkit.core", INTERNAL);
    assertThat(core.requires())
        .anySatisfy(
            r -> {
              assertThat(r.name()).isEqualTo("dev.tokenkit.store.spi");
              assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
            });
  }

  @Test
  void storeSpiHasNoRuntimeDependencies() throws Exception {
    ModuleDescriptor spi = descriptorOf(TokenStore.class);
    assertThat(exports(spi)).containsExactly("dev.tokenkit.store.spi");
    // Nullness annotations are compile-time only ("requires static").
    assertThat(spi.requires())
        .filteredOn(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
        .extracting(ModuleDescriptor.Requires::name)
        .containsExactly("java.base");
  }

  @Test
  void memoryStoreExportsOnlyItsFactory() throws Exception {
    ModuleDescriptor memory = descriptorOf(MemoryTokenStore.class);
    assertThat(exports(memory)).containsExactly("dev.tokenkit.store.memory");
    assertThat(memory.packages()).contains("dev.tokenkit.store.memory.internal");
  }

  private static Set<String> exports(ModuleDescriptor d) {
    return d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
  }

  private static ModuleDescriptor descriptorOf(Class<?> type) throws URISyntaxException {
    Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    return ModuleFinder.of(location).findAll().stream()
        .map(ModuleReference::descriptor)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no module descriptor at " + location));
  }
}
