package org.atrium.branding.web;

import java.io.IOException;

import org.atrium.branding.Brand;
import org.atrium.branding.BrandChange;
import org.atrium.branding.BrandImage;
import org.atrium.branding.Branding;
import org.atrium.platform.PageRequest;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The portal's brand page for tenant admins: text and colours with a live preview, logo and favicon, history. */
@Controller
class BrandPages {

    private final Branding branding;

    BrandPages(Branding branding) {
        this.branding = branding;
    }

    @GetMapping({ "/t/{slug}/portal/brand", "/portal/brand" })
    String page(HttpServletRequest request, Model model) {
        Tenant tenant = PortalAccess.admin(request);
        return show(request, tenant, model, branding.current(tenant.id()), null);
    }

    @PostMapping({ "/t/{slug}/portal/brand", "/portal/brand" })
    String save(@RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String primaryColor,
            @RequestParam(defaultValue = "") String secondaryColor,
            @RequestParam(defaultValue = "") String supportEmail, @RequestParam(defaultValue = "") String supportPhone,
            @RequestParam(defaultValue = "") String supportUrl, @RequestParam(defaultValue = "") String footerText,
            @RequestParam(defaultValue = "") Integer version, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Tenant tenant = PortalAccess.admin(request);
        BrandChange change = new BrandChange(displayName, primaryColor, secondaryColor, supportEmail, supportPhone,
                supportUrl, footerText);
        try {
            branding.update(tenant.id(), change, version);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("submitted", change);
            return show(request, tenant, model, branding.current(tenant.id()), e.getMessage());
        }
        return "redirect:" + PortalAccess.base(request, tenant) + "/brand";
    }

    @PostMapping({ "/t/{slug}/portal/brand/{image:logo|favicon}", "/portal/brand/{image:logo|favicon}" })
    String upload(@PathVariable String image, @RequestParam(required = false) MultipartFile file,
            HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
        Tenant tenant = PortalAccess.admin(request);
        try {
            if (file == null || file.isEmpty()) {
                throw ProblemException.invalidField("file", "choose an image to upload");
            }
            branding.uploadImage(tenant.id(), BrandImage.fromCode(image), file.getBytes(), null);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(request, tenant, model, branding.current(tenant.id()), e.getMessage());
        }
        return "redirect:" + PortalAccess.base(request, tenant) + "/brand";
    }

    @PostMapping({ "/t/{slug}/portal/brand/{image:logo|favicon}/remove", "/portal/brand/{image:logo|favicon}/remove" })
    String remove(@PathVariable String image, HttpServletRequest request) {
        Tenant tenant = PortalAccess.admin(request);
        branding.removeImage(tenant.id(), BrandImage.fromCode(image), null);
        return "redirect:" + PortalAccess.base(request, tenant) + "/brand";
    }

    private String show(HttpServletRequest request, Tenant tenant, Model model, Brand brand, String error) {
        PortalAccess.decorate(request, tenant, model, "Brand");
        model.addAttribute("current", brand);
        model.addAttribute("error", error);
        if (!model.containsAttribute("submitted")) {
            model.addAttribute("submitted", new BrandChange(brand.displayName(), brand.primaryColor(),
                    brand.secondaryColor(), brand.supportEmail(), brand.supportPhone(), brand.supportUrl(),
                    brand.footerText()));
        }
        model.addAttribute("history", branding.history(tenant.id(), PageRequest.of(0, 20)).items());
        return "branding/brand";
    }
}
