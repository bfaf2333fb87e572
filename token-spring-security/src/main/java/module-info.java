/**
 * API-token authentication and authorization for Spring Security: a configurer, an authentication
 * converter and provider, an entry point and access-denied handler, and authorization managers.
 */
module dev.tokenkit.spring.security {
  requires static transitive org.jspecify;
  requires transitive dev.tokenkit.core;
  requires static transitive dev.tokenkit.jwt;
  requires transitive spring.security.config;
  requires transitive spring.security.web;
  requires transitive spring.security.core;
  requires transitive spring.core;
  requires transitive spring.beans;
  requires transitive spring.context;
  requires transitive spring.web;
  requires static transitive jakarta.servlet;

  exports dev.tokenkit.spring.security;
}
