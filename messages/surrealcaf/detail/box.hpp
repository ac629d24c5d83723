#pragma once

#include <memory>
#include <utility>

namespace surrealcaf::detail {

/// Holds one `T` on the heap with value semantics: copies are deep, moves are
/// cheap. It lets `record_id` and `range` contain a `value` although `value`
/// contains them. A moved-from box reads as a default `T` (NONE for a value).
template <class T>
class box {
public:
  box() = default;
  box(T x) : ptr_(std::make_unique<T>(std::move(x))) {}
  box(const box& other) : ptr_(other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr) {}
  box(box&&) noexcept = default;
  box& operator=(const box& other) {
    if (this != &other)
      ptr_ = other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr;
    return *this;
  }
  box& operator=(box&&) noexcept = default;
  ~box() = default;

  const T& get() const {
    if (ptr_)
      return *ptr_;
    static const T empty{};
    return empty;
  }
  T& get() {
    if (!ptr_)
      ptr_ = std::make_unique<T>();
    return *ptr_;
  }
  const T& operator*() const { return get(); }
  T& operator*() { return get(); }
  const T* operator->() const { return &get(); }
  T* operator->() { return &get(); }

  friend bool operator==(const box& a, const box& b) { return a.get() == b.get(); }
  friend bool operator!=(const box& a, const box& b) { return !(a == b); }

private:
  std::unique_ptr<T> ptr_;
};

} // namespace surrealcaf::detail
