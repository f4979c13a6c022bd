"""Use cases. Each public function is one transaction: it commits whole or not at all."""
