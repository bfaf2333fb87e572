/** The JDBC token store: {@link dev.tokenkit.store.jdbc.JdbcTokenStore}. */
@NullMarked
package dev.tokenkit.store.jdbc;

import org.jspecify.annotations.NullMarked;
