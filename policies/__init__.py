"""Rego policies shipped as package data (one package per rule family)."""
