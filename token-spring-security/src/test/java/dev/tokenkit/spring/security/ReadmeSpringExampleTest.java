package dev.tokenkit.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's Spring example is the code the integration test runs; the module exports its API.
 */
class ReadmeSpringExampleTest {

  private static final Path SOURCE =
      Path.of("src/test/java/dev/tokenkit/spring/security/ContentApplication.java");

  /** The non-blank lines between two markers, stripped (indentation differs by nesting). */
  private static List<String> between(List<String> lines, String begin, String end) {
    int from = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(begin)) {
        from = i + 1;
      } else if (from >= 0 && lines.get(i).strip().equals(end)) {
        return lines.subList(from, i).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty())
            .toList();
      }
    }
    throw new AssertionError("markers not found: " + begin + " ... " + end);
  }

  @Test
  void readmeBlocksMatchTheTestedApplication() throws Exception {
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
    List<String> source = Files.readAllLines(SOURCE);
    for (String name : List.of("spring", "spring-controller")) {
      String marker =
          readme.stream()
              .filter(l -> l.startsWith("<!-- example:" + name + " "))
              .findFirst()
              .orElseThrow(() -> new AssertionError("README marker for " + name));
      int at = readme.indexOf(marker);
      assertThat(readme.get(at + 1)).isEqualTo("```java");
      List<String> block = between(readme.subList(at + 1, readme.size()), "```java", "```");
      assertThat(block)
          .as(name)
          .isEqualTo(between(source, "// README:" + name + " BEGIN", "// README:" + name + " END"));
    }
  }

  @Test
  void moduleExportsOnlyItsApi() throws Exception {
    Path location =
        Path.of(
            TokenkitConfigurer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor descriptor =
        ModuleFinder.of(location).findAll().stream()
            .map(ModuleReference::descriptor)
            .findFirst()
            .orElseThrow();
    assertThat(descriptor.name()).isEqualTo("dev.tokenkit.spring.security");
    assertThat(descriptor.exports())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.tokenkit.spring.security");
    assertThat(descriptor.requires())
        .filteredOn(r -> r.name().equals("dev.tokenkit.jwt"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC));
  }
}
