/*
 * What the table blocks' editing widgets share: small DOM helpers, a base for their bound
 * widgets, and their registration with Wagtail's telepath. Loaded before the widgets.
 */
(() => {
  'use strict';

  const icon = (name) =>
    `<svg class="icon icon-${name}" aria-hidden="true"><use href="#icon-${name}"></use></svg>`;

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // A small admin button showing only an icon; its label is for screen readers and tooltips.
  const iconButton = (className, label, iconName) => {
    const node = element('button', `button button-small button-secondary ${className}`);
    node.type = 'button';
    node.setAttribute('aria-label', label);
    node.title = label;
    node.innerHTML = icon(iconName);
    return node;
  };

  class BoundWidgetBase {
    constructor(root, name, parentCapabilities) {
      this.root = root;
      this.name = name;
      this.parentCapabilities = parentCapabilities || new Map();
    }

    getTextLabel(opts) {
      const text = this.getValueForLabel();
      const max = opts && opts.maxLength;
      return max && text.length > max ? `${text.substring(0, max - 1)}…` : text;
    }

    setCapabilityOptions(capability, options) {
      Object.assign(this.parentCapabilities.get(capability), options);
    }
  }

  const registerWidget = (name, BoundClass) => {
    const Widget = window.telepath && window.telepath.constructors['wagtail.widgets.Widget'];
    if (!Widget) return;
    class CompactWidget extends Widget {
      boundWidgetClass = BoundClass;
    }
    window.telepath.register(name, CompactWidget);
  };

  window.articlesAdmin = { icon, element, iconButton, BoundWidgetBase, registerWidget };
})();
