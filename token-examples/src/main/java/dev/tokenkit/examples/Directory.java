package dev.tokenkit.examples;

import dev.tokenkit.core.NodeAccess;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.PermissionCatalog;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's users, fixed at start: an admin holding every permission, an editor, a viewer (who may
 * read everything but the blog), an auditor (who may read pages and list tokens) and a deactivated
 * user. User ids double as user names (for signed requests naming {@code =editor}).
 */
final class Directory implements OwnerDirectory, NodeAccess {

  static final String ADMIN = "admin";
  static final String EDITOR = "editor";
  static final String VIEWER = "viewer";
  static final String AUDITOR = "auditor";
  static final String DEACTIVATED = "deactivated";

  /**
   * What tokens can be granted: content reads and writes (plus a public read for widgets), and the
   * admin API's actions as {@code tokens:*} so an admin token's scope bounds its admin powers.
   */
  static final PermissionCatalog CATALOG =
      PermissionCatalog.builder()
          .read("content", "read")
          .publicRead("content", "view")
          .write("content", "write")
          .read("tokens", "read")
          .write("tokens", "create", "update", "regenerate", "delete", "impersonate", "reveal")
          .build();

  private final Map<String, Owner> users =
      Map.of(
          ADMIN, Owner.active(ADMIN, "*:*"),
          EDITOR, Owner.active(EDITOR, "content:*"),
          VIEWER, Owner.active(VIEWER, "content:read", "content:view"),
          AUDITOR, Owner.active(AUDITOR, "content:read", "tokens:read"),
          DEACTIVATED, Owner.inactive(DEACTIVATED));

  @Override
  public Optional<Owner> find(String ownerId) {
    return Optional.ofNullable(users.get(ownerId));
  }

  @Override
  public Optional<Owner> findByUsername(String username) {
    return find(username);
  }

  /**
   * Access that differs per node: the viewer may read the docs but nothing under {@code /blog}.
   * Tokens owned by or acting as the viewer inherit that.
   */
  @Override
  public boolean allows(String userId, String permission, String node) {
    return !(userId.equals(VIEWER) && (node.equals("/blog") || node.startsWith("/blog/")));
  }
}
