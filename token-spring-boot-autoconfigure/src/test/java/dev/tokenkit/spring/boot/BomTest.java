package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * token-bom names exactly the published modules: every module the build does not skip deploying.
 */
class BomTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  @Test
  void theBomListsEveryPublishedModuleAndNothingElse() throws Exception {
    Set<String> published = new TreeSet<>();
    Matcher modules = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
    while (modules.find()) {
      String module = modules.group(1);
      String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
      if (!module.equals("token-bom") && !pom.contains("<maven.deploy.skip>true<")) {
        published.add(module);
      }
    }
    assertThat(published).contains("token-core", "token-spring-boot-starter");

    String bom = Files.readString(ROOT.resolve("token-bom/pom.xml"));
    String managed =
        bom.substring(
            bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));
    Set<String> listed = new TreeSet<>();
    Matcher artifacts = ARTIFACT.matcher(managed);
    while (artifacts.find()) {
      listed.add(artifacts.group(1));
    }
    assertThat(listed).isEqualTo(published);
    assertThat(managed).doesNotContain("<scope>").doesNotContain("<exclusions>");
  }
}
