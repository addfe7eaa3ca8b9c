"""Base serializers: company scope on related fields and writes, model validation."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField

from shuiwu.core import scope
from shuiwu.core.models import ObjectChange


class ScopedModelSerializer(serializers.ModelSerializer):
    """A model serializer that keeps a user inside their company scope.

    - related fields only accept records the user can see;
    - a record's company must be one the user may write;
    - the model's ``clean()`` runs, and its errors come back as field errors.
    """

    display = serializers.SerializerMethodField(help_text="Human-readable name")

    def get_display(self, obj) -> str:
        return str(obj)

    @property
    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_fields(self):
        fields = super().get_fields()
        if scope.scope_path(self.Meta.model) == "company" and "company" in fields:
            fields["company"].required = False  # validate() fills in the user's own company
        user = self._user
        if user is None:
            return fields
        for field in fields.values():
            target = field.child_relation if isinstance(field, ManyRelatedField) else field
            if isinstance(target, RelatedField) and getattr(target, "queryset", None) is not None:
                queryset = target.queryset
                if hasattr(queryset, "restrict"):
                    target.queryset = queryset.restrict(user)
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        user = self._user
        if scope.scope_path(model) == "company" and user is not None:
            company = attrs.get("company", getattr(self.instance, "company", None))
            if company is None:
                own = scope.company_ids(user)
                if own and len(own) == 1:
                    attrs["company"] = model._meta.get_field("company").related_model.objects.get(pk=next(iter(own)))
                else:
                    raise serializers.ValidationError({"company": _("This field is required.")})
            elif not scope.can_access_company(user, company.pk):
                raise serializers.ValidationError(
                    {"company": _("You may only create or change records of your own company.")}
                )
            if self.instance is not None and not scope.can_access_company(user, self.instance.company_id):
                raise serializers.ValidationError({"company": _("This record belongs to another company.")})
        self._run_model_clean(attrs)
        return attrs

    def _run_model_clean(self, attrs):
        """Run the model's clean() on a scratch copy holding the new values (the instance stays as it was)."""
        model = self.Meta.model
        concrete = model._meta.concrete_fields
        current = {f.attname: getattr(self.instance, f.attname) for f in concrete} if self.instance else {}
        scratch = model(**current)
        names = {name for f in concrete for name in (f.name, f.attname)}
        for key, value in attrs.items():
            if key in names:
                setattr(scratch, key, value)
        try:
            scratch.clean()
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            raise serializers.ValidationError(detail)


class ObjectChangeSerializer(serializers.ModelSerializer):
    content_type = serializers.SerializerMethodField()

    class Meta:
        model = ObjectChange
        fields = [
            "id",
            "time",
            "user",
            "user_name",
            "request_id",
            "source",
            "action",
            "content_type",
            "object_id",
            "object_repr",
            "company_id",
            "prechange",
            "postchange",
        ]

    def get_content_type(self, obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"
