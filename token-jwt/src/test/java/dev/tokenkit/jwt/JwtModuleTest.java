package dev.tokenkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JwtModuleTest {

  @Test
  void exportsOnlyItsApiAndReadsCoreTransitively() throws Exception {
    Path location =
        Path.of(JwtVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor d =
        ModuleFinder.of(location).findAll().stream()
            .map(ModuleReference::descriptor)
            .findFirst()
            .orElseThrow();
    assertThat(d.name()).isEqualTo("dev.tokenkit.jwt");
    assertThat(d.exports())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.tokenkit.jwt");
    assertThat(d.requires())
        .anySatisfy(
            r -> {
              assertThat(r.name()).isEqualTo("dev.tokenkit.core");
              assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
            });
    // No JOSE library at run time: nimbus serves the differential tests only.
    assertThat(d.requires())
        .extracting(ModuleDescriptor.Requires::name)
        .noneMatch(name -> name.startsWith("com.nimbusds"));
  }
}
