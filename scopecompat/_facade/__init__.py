"""The facade's machinery: what makes `import scopecompat as tf` behave as TF1 did, behind the names."""
